#!/usr/bin/env bash
# Regenerates assets/fonts/chart-sans*.ttf: DejaVu Sans (regular and bold) cut down to the characters
# the charts print (Latin-1 and a few typographic marks), renamed "Chart Sans".
#
# Why: resvg shapes each <text> with the whole font it is given, and the full DejaVu Sans (760 KB) costs
# about 0.6 ms per text element — 12 ms of a 24 ms chart render, on every reply. The subset (≈ 20 KB)
# costs a tenth of that. A character outside the subset still renders: the rasteriser falls back to the
# system's full DejaVu Sans when it has one (src/worker/render-chart-png.ts).
#
# Needs Debian's fonts-dejavu-core and python3-fonttools (apt-get install fonts-dejavu-core python3-fonttools).
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/dejavu
out=assets/fonts
unicodes="U+0020-007E,U+00A0-00FF,U+2010-2015,U+2018-201F,U+2022,U+2026,U+2030,U+2039,U+203A,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265,U+00B7,U+00D7,U+2191,U+2193"
mkdir -p "$out"
for style in "" "-Bold"; do
  /usr/bin/python3 -m fontTools.subset "$src/DejaVuSans$style.ttf" --unicodes="$unicodes" \
    --layout-features='kern' --no-hinting --drop-tables+=FFTM --output-file="$out/chart-sans$style.ttf"
  /usr/bin/python3 - "$out/chart-sans$style.ttf" "$style" <<'PY'
import sys
from fontTools.ttLib import TTFont
path, style = sys.argv[1], sys.argv[2]
font = TTFont(path)
sub = 'Bold' if style else 'Book'
names = {1: 'Chart Sans', 2: 'Bold' if style else 'Regular', 3: f'Chart Sans {sub} (DejaVu Sans subset)',
         4: f'Chart Sans {sub}'.replace(' Book', ''), 6: f'ChartSans{style or "-Regular"}', 16: 'Chart Sans', 17: sub}
for rec in font['name'].names:
    if rec.nameID in names:
        rec.string = names[rec.nameID]
font.save(path)
PY
done
cp /usr/share/doc/fonts-dejavu-core/copyright "$out/LICENSE-DejaVu.txt"
ls -l "$out"
