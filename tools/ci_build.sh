#!/usr/bin/env bash
# CI: build the one-folder program with PyInstaller, then run the BUILT program's --smoke-test
# offscreen on a temporary data folder and check its report. Called by .ci/run.
#
#   tools/ci_build.sh               build into a temporary folder (removed at the end)
#   SI_LOCAL_DIST=dist tools/ci_build.sh    keep the build in ./dist/si-local
#
# Fails (non-zero) when the build fails, the smoke test fails or reports something missing
# (a resource folder, the French catalogue, Qt's French translations, babel's locale data, the
# icon, the PDF), the folder reaches 250 MB, or keyrings.alt slipped into the build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
PYINSTALLER=${PYINSTALLER:-$ROOT/.venv/bin/pyinstaller}
MAX_MB=${SI_LOCAL_MAX_MB:-250}
MAX_SMOKE_SECONDS=${SI_LOCAL_MAX_SMOKE_SECONDS:-5}

if [ ! -x "$PYTHON" ]; then PYTHON=python3; fi
if [ ! -x "$PYINSTALLER" ]; then
  # A clean clone set up by tools/bootstrap.py has the 'test' extra only: add the 'build' one.
  echo "ci_build: PyInstaller missing; installing the project's 'build' extra into .venv"
  if ! "$PYTHON" -m pip install --quiet -e ".[build]"; then
    echo "ci_build: PyInstaller not found and could not be installed (pip install -e '.[build]')" >&2
    exit 1
  fi
  PYINSTALLER=$(dirname "$PYTHON")/pyinstaller
  [ -x "$PYINSTALLER" ] || { echo "ci_build: no pyinstaller after installing it" >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/si-local-build-XXXXXX")
DATA=$(mktemp -d "${TMPDIR:-/tmp}/si-local-data-XXXXXX")
cleanup() { rm -rf "$WORK" "$DATA"; }
trap cleanup EXIT
DIST=${SI_LOCAL_DIST:-$WORK/dist}
APP="$DIST/si-local"

echo "ci_build: building with $("$PYINSTALLER" --version 2>/dev/null | head -1) into $APP"
started=$(date +%s.%N)
if ! "$PYINSTALLER" --noconfirm --clean --log-level WARN \
      --distpath "$DIST" --workpath "$WORK/build" build.spec > "$WORK/pyinstaller.log" 2>&1; then
  tail -n 40 "$WORK/pyinstaller.log" >&2
  echo "ci_build: PyInstaller failed" >&2
  exit 1
fi
build_seconds=$("$PYTHON" -c "import sys,time; print(round(time.time()-float(sys.argv[1]),1))" "$started")

EXE="$APP/si-local"
[ -x "$EXE" ] || EXE="$APP/si-local.exe"
[ -x "$EXE" ] || { echo "ci_build: no executable in $APP" >&2; exit 1; }

size_mb=$(du -sm "$APP" | cut -f1)

# keyrings.alt (plain-text keyrings, a test dependency) must never ship.
if find "$APP" -path "*keyrings*alt*" | grep -q .; then
  echo "ci_build: keyrings.alt found in the build; it must be excluded" >&2
  exit 1
fi

started=$(date +%s.%N)
set +e
QT_QPA_PLATFORM=offscreen SI_LOCAL_DATA_DIR="$DATA" SI_LOCAL_LANG=fr \
  "$EXE" --smoke-test=full > "$WORK/smoke.json" 2> "$WORK/smoke.err"
smoke_rc=$?
set -e
smoke_seconds=$("$PYTHON" -c "import sys,time; print(round(time.time()-float(sys.argv[1]),2))" "$started")
if [ $smoke_rc -ne 0 ]; then
  cat "$WORK/smoke.json" "$WORK/smoke.err" >&2
  [ -d "$DATA/logs" ] && tail -n 30 "$DATA"/logs/*.log >&2
  echo "ci_build: the built program's smoke test failed (exit $smoke_rc)" >&2
  exit 1
fi

"$PYTHON" - "$WORK/smoke.json" "$size_mb" "$MAX_MB" "$smoke_seconds" "$MAX_SMOKE_SECONDS" \
    "$build_seconds" <<'EOF'
import json
import sys

path, size_mb, max_mb, smoke_s, max_smoke_s, build_s = sys.argv[1:]
text = open(path, encoding="utf-8").read().strip().splitlines()
report = json.loads(text[-1])  # the report is the last line of the output
problems = []
if report.get("ok") is not True:
    problems.append("report says ok=false")
for item in report.get("missing", []) or []:
    problems.append(f"missing: {item}")
if "missing" not in report:
    problems.append("packaging checks did not run (no 'missing' key)")
if not report.get("pdf_pages") or not report.get("pdf_bytes"):
    problems.append("no PDF rendered")
if not report.get("secret_store"):
    problems.append("no secret store reported")
if not report.get("translators") or not report.get("catalogue_fr"):
    problems.append("translations not loaded (Qt or French catalogue)")
if report.get("language") != "fr" or "novembre" not in report.get("date_fr", ""):
    problems.append(f"French dates not working: {report.get('date_fr')!r}")
if not report.get("icon"):
    problems.append("application icon not found")
if int(size_mb) >= int(max_mb):
    problems.append(f"folder is {size_mb} MB (limit {max_mb} MB)")
if float(smoke_s) >= float(max_smoke_s):
    problems.append(f"smoke test took {smoke_s} s (limit {max_smoke_s} s)")
print(f"ci_build: build {build_s} s, folder {size_mb} MB (limit {max_mb}), "
      f"smoke test {smoke_s} s (limit {max_smoke_s}; {report.get('seconds')} s inside)")
print(f"ci_build: PDF {report.get('pdf_document')} {report.get('pdf_pages')} page(s), "
      f"secret store: {report.get('secret_store')}, Qt translators: {report.get('translators')}, "
      f"French messages: {report.get('catalogue_fr')}, date: {report.get('date_fr')}")
print(f"ci_build: resources {report.get('resources')}")
if report.get("pdf_warning"):
    print(f"ci_build: warning: {report['pdf_warning']}")
if problems:
    for problem in problems:
        print(f"ci_build: FAILED: {problem}", file=sys.stderr)
    sys.exit(1)
print("ci_build: OK")
EOF
