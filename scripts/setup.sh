#!/usr/bin/env bash
# Installs everything the build and the tests need: Debian fonts and tools, a venv with the pip
# packages, and veraPDF (from Maven Central). Safe to run again: each step skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="fonts-noto-cjk fonts-noto-cjk-extra texlive-lang-chinese fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-lxgw-wenkai unicode-data poppler-utils libreoffice-writer-nogui chromium"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import reportlab, fontTools, pypdf, PIL, pypdfium2, pytest, hypothesis, docx, rjieba" 2>/dev/null; then
  echo "setup: pip install -r requirements.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
fi

VERAPDF_VERSION=1.28.2
VERAPDF_JAR=.cache/verapdf/greenfield-apps-$VERAPDF_VERSION.jar
if [ ! -f "$VERAPDF_JAR" ]; then
  echo "setup: fetching veraPDF $VERAPDF_VERSION from Maven Central"
  mkdir -p .cache/verapdf
  mvn -q dependency:copy -Dartifact=org.verapdf.apps:greenfield-apps:$VERAPDF_VERSION \
      -DoutputDirectory=.cache/verapdf -Dmdep.overWriteIfNewer=true >/dev/null
fi

# Bytecode for the package: where PYTHONDONTWRITEBYTECODE is set (as on these machines), Python
# would otherwise compile typeset's modules again on every run (0.1 s of a 0.6 s build).
.venv/bin/python -m compileall -q typeset >/dev/null
