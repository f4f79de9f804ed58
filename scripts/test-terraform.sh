#!/usr/bin/env bash
# Integration test of the plan reader (`--terraform-plan`) with a real
# Terraform or OpenTofu (docs/infrastructure.md):
#
# 1. a configuration of built-in `terraform_data` resources only (no provider
#    to download, no network, no credentials) is planned with a region and a
#    planted secret as variables (one of them `sensitive`), and
#    `show -json` writes the plan as users produce it;
# 2. dpalint checks a project whose Terraform source leaves the AWS provider's
#    region to that variable, with the plan: DPA066 must name `us-east-1`
#    (from the plan) on the provider's `region` line, and the secret must
#    appear in no output format, the narrated output and a written baseline;
# 3. a plan whose `format_version` major is unknown is refused (exit 2).
#
# Needs `tofu` or `terraform` on PATH; neither is packaged by Debian or PyPI,
# so the test skips, saying so, when neither is installed. Takes ~10 s after
# the release build.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-terraform: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

tf=$(command -v tofu || command -v terraform || true)
if [[ -z "$tf" ]]; then
    say "SKIPPED: neither tofu nor terraform is installed"
    exit 0
fi
say "using $("$tf" version 2>/dev/null | head -1)"

# DPALINT_BIN: a dpalint binary already built (else a release build here).
bin="${DPALINT_BIN:-}"
if [[ -z "$bin" ]]; then
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
    (cd "$repo" && cargo build --release --locked --quiet --bin dpalint)
    bin="$CARGO_TARGET_DIR/release/dpalint"
fi

secret="PLANTED-SECRET-$RANDOM$RANDOM"

# 1. A real plan, from built-in resources only.
mkdir -p "$work/plan"
cat >"$work/plan/main.tf" <<'EOF'
variable "region" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "note" {
  type = string
}

resource "terraform_data" "settings" {
  input = {
    region   = var.region
    note     = var.note
    password = var.db_password
  }
}
EOF
: >"$work/empty.tfrc"
(
    cd "$work/plan"
    export TF_CLI_CONFIG_FILE="$work/empty.tfrc" TF_IN_AUTOMATION=1
    "$tf" init -input=false -no-color >init.log 2>&1 || { cat init.log; exit 1; }
    "$tf" plan -input=false -no-color -out=plan.out \
        -var region=us-east-1 -var "db_password=$secret" -var "note=$secret" >plan.log 2>&1 ||
        { cat plan.log; exit 1; }
    "$tf" show -json plan.out >"$work/plan.json"
)
grep -q "$secret" "$work/plan.json" || fail "the plan does not hold the planted secret (test is void)"

# 2. The project next to it.
mkdir -p "$work/project/infra"
cat >"$work/project/dpalint.toml" <<'EOF'
as_of = "2026-11-21"
EOF
cat >"$work/project/inventory.yaml" <<'EOF'
dpalint: 1
vendors:
  - id: aws
    name: Amazon Web Services EMEA SARL
    role: processor
    country: LU
    data_locations: [DE]
EOF
cat >"$work/project/infra/main.tf" <<'EOF'
variable "region" {
  type = string
}

variable "note" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "exports" {
  bucket = "exports"
}

resource "aws_s3_bucket" "notes" {
  bucket = "notes"
  region = var.note
}
EOF
cp "$work/plan.json" "$work/project/plan.json"
cd "$work/project"
outputs=()
for format in human concise json sarif github junit gitlab markdown; do
    out="$work/out.$format"
    set +e
    NO_COLOR=1 "$bin" check --terraform-plan plan.json --format "$format" >"$out" 2>&1
    code=$?
    set -e
    [[ $code == 1 ]] || { cat "$out"; fail "--format $format exited $code, expected 1 (findings)"; }
    outputs+=("$out")
done
NO_COLOR=1 "$bin" check --terraform-plan plan.json --narrate --statistics >"$work/out.narrate" 2>&1 || true
"$bin" check --terraform-plan plan.json --write-baseline "$work/baseline.json" >/dev/null 2>&1 || true
outputs+=("$work/out.narrate" "$work/baseline.json")
for out in "${outputs[@]}"; do
    if grep -q "$secret" "$out"; then
        fail "the planted secret leaked into $(basename "$out")"
    fi
done
grep -q 'infra/main.tf:10:12: error\[DPA066\].*us-east-1 (US) through var.region' "$work/out.concise" ||
    { cat "$work/out.concise"; fail "DPA066 at the provider's region (from the plan) missing"; }
grep -q 'infra/main.tf:19:12: info\[DPA068\].*not a region dpalint knows' "$work/out.concise" ||
    { cat "$work/out.concise"; fail "the secret used as a region is not reported as unresolved"; }
say "plan from $(basename "$tf") read; DPA066 on infra/main.tf:10; the secret in no output"

# 3. Another major format version is refused.
sed 's/"format_version":"1\.[0-9]*"/"format_version":"2.0"/' "$work/plan.json" >"$work/plan2.json"
set +e
"$bin" check --terraform-plan "$work/plan2.json" >"$work/out.v2" 2>&1
code=$?
set -e
[[ $code == 2 ]] || { cat "$work/out.v2"; fail "a format_version 2.0 plan exited $code, expected 2"; }
grep -q "unsupported format_version 2.0" "$work/out.v2" || { cat "$work/out.v2"; fail "no clear error for format_version 2.0"; }
grep -q "$secret" "$work/out.v2" && fail "the secret leaked into the format_version error"
say "format_version 2.0 refused with exit 2"
say "ok"
