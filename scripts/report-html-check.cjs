// Browser checks of HTML registers, run by scripts/test-report-html.sh:
// node report-html-check.cjs PAGE.html REPORT.json [PAGE.html REPORT.json ...]
// Environment: CHROMIUM (executable), PROFILE (an empty directory),
// SCREENSHOT (optional PNG path: the first page's screenshot for the README).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

function fail(msg) {
  console.error(`report-html-check: FAIL: ${msg}`);
  process.exit(1);
}

// Pixels that differ from the page background, counted by the browser
// itself from the PNG (no image library needed).
async function inkPixels(page, png) {
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200) ink++;
    }
    return { ink, total: px.length / 4 };
  }, png.toString('base64'));
}

(async () => {
  const args = process.argv.slice(2);
  const browser = await chromium.launchPersistentContext(process.env.PROFILE, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (let i = 0; i < args.length; i += 2) {
    const html = args[i];
    const report = JSON.parse(fs.readFileSync(args[i + 1], 'utf8'));
    const name = path.basename(html);
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(`file://${html}`);
    await page.waitForLoadState('load');

    // Every activity and client is a row.
    const ids = await page.$$eval('tr[data-id]', (rows) => rows.map((r) => r.dataset.id));
    const want = report.controller_record.map((e) => e.id)
      .concat((report.processor_record || []).map((e) => e.id));
    for (const id of want) if (!ids.includes(id)) fail(`${name}: row ${id} missing from the DOM`);
    if (ids.length !== want.length) fail(`${name}: ${ids.length} rows, expected ${want.length}`);
    // Values are text, never markup.
    const injected = await page.$$eval('main script, main img, main iframe', (els) => els.length);
    if (injected) fail(`${name}: ${injected} element(s) injected from inventory values`);
    const sources = await page.$$eval('td.src a', (as) => as.map((a) => a.getAttribute('href')));
    if (sources.length !== want.length || !sources.every((h) => /\.ya?ml#L\d+$/.test(h))) {
      fail(`${name}: source links ${JSON.stringify(sources.slice(0, 3))}`);
    }

    // Rendered: the screenshot is not blank.
    const shot = await page.screenshot({ fullPage: false });
    const { ink, total } = await inkPixels(page, shot);
    if (ink < total * 0.01) fail(`${name}: screenshot is blank (${ink} of ${total} pixels inked)`);
    if (i === 0 && process.env.SCREENSHOT) {
      await page.setViewportSize({ width: 1280, height: 640 });
      await page.screenshot({ path: process.env.SCREENSHOT });
      console.log(`report-html-check: wrote ${process.env.SCREENSHOT}`);
    }

    // Print media: the print stylesheet applies, and the page prints.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.$eval('th', (th) => getComputedStyle(th).position);
    if (printed !== 'static') fail(`${name}: print stylesheet not applied (th position ${printed})`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    if (pages < 1) fail(`${name}: the PDF has no pages`);

    if (problems.length) fail(`${name}: ${problems.join('; ')}`);
    console.log(`report-html-check: ${name}: ${want.length} rows, ${ink} inked pixels, ${pages} printed page(s), no console messages`);
    await page.close();
  }
  // Transfer maps: Mermaid (the library GitHub uses) parses and renders each
  // one to an SVG with a node per map node and no error.
  for (const map of (process.env.MAPS || '').split(' ').filter(Boolean)) {
    const name = path.basename(map);
    const text = fs.readFileSync(map, 'utf8');
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: process.env.MERMAID });
    const result = await page.evaluate(async (src) => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        const { svg } = await window.mermaid.render('map', src);
        document.getElementById('out').innerHTML = svg;
        return { nodes: document.querySelectorAll('#out g.node').length, error: null };
      } catch (e) {
        return { nodes: 0, error: String(e && e.message || e) };
      }
    }, text);
    if (result.error) fail(`${name}: Mermaid: ${result.error}`);
    const want = (text.match(/^\s*n\d+\[/gm) || []).length;
    if (result.nodes !== want) fail(`${name}: Mermaid drew ${result.nodes} nodes, expected ${want}`);
    if (problems.length) fail(`${name}: ${problems.join('; ')}`);
    console.log(`report-html-check: ${name}: Mermaid rendered ${result.nodes} nodes`);
    await page.close();
  }
  await browser.close();
})().catch((e) => fail(e.stack || String(e)));
