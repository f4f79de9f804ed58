-- Driven by scripts/test-lsp.sh: Neovim's built-in LSP client runs
-- `dpalint server` on a copy of tests/fixtures/lsp, opens an inventory,
-- waits for the diagnostics, then jumps to the definition of a recipient id.
-- Any failure exits Neovim with status 1 and a message on stderr.
local bin = assert(os.getenv('DPALINT'), 'DPALINT is not set')
local root = vim.fn.getcwd()

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function check(cond, msg)
  if not cond then fail(msg) end
end

vim.cmd('edit ' .. root .. '/privacy/activities.yaml')
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'dpalint',
  cmd = { bin, 'server' },
  root_dir = root,
  init_options = { asOf = '2026-11-21' },
})
check(client_id, 'the client did not start')
vim.lsp.buf_attach_client(buf, client_id)

-- Diagnostics of the open buffer: the dangling recipient id.
local got = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
check(got, 'no diagnostics within 20 s')
local codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  codes[#codes + 1] = string.format('%d:%d %s', d.lnum + 1, d.col + 1, d.code or '?')
end
table.sort(codes)
io.stdout:write('diagnostics: ' .. table.concat(codes, ', ') .. '\n')
check(vim.tbl_contains(codes, '8:29 DPA048'), 'DPA048 on the recipient `mandril` is missing')

-- Go to definition of `mailchimp` in `recipients: [mailchimp, mandril]`.
vim.api.nvim_win_set_cursor(0, { 8, 20 })
local client = vim.lsp.get_client_by_id(client_id)
local params = vim.lsp.util.make_position_params()
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, 20000)
check(responses and responses[client_id] and responses[client_id].result, 'no definition answer')
local result = responses[client_id].result
check(#result == 1, 'expected one definition, got ' .. vim.inspect(result))
vim.lsp.util.jump_to_location(result[1], client.offset_encoding or 'utf-16')
local name = vim.api.nvim_buf_get_name(0)
local pos = vim.api.nvim_win_get_cursor(0)
io.stdout:write(string.format('definition: %s:%d:%d\n', vim.fn.fnamemodify(name, ':.'), pos[1], pos[2] + 1))
check(name:match('privacy/vendors%.yaml$'), 'jumped to ' .. name)
check(pos[1] == 3 and pos[2] == 8, 'jumped to line ' .. pos[1] .. ' column ' .. pos[2])

-- The vendor file was opened by the jump and is attached too: its
-- diagnostics arrive (the country name `Germany`).
local vbuf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(vbuf, client_id)
got = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(vbuf)) do
    if d.code == 'DPA046' then return true end
  end
  return false
end, 50)
check(got, 'no DPA046 on privacy/vendors.yaml')

-- An unsaved edit in this buffer changes the other file's diagnostics:
-- renaming `mandrill` to `mandril` resolves the dangling recipient.
vim.api.nvim_buf_set_text(vbuf, 8, 8, 8, 16, { 'mandril' })
got = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'DPA048' then return false end
  end
  return true
end, 50)
check(got, 'DPA048 on activities.yaml did not go away after the rename')
io.stdout:write('cross-file update: ok\n')

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
io.stdout:write('ok\n')
vim.cmd('qall!')
