#!/usr/bin/env bash
# tst_package BUILD_DIR VERSION gui|nogui
# Packs the build with cpack (DEB) into a temporary folder, unpacks the .deb with dpkg -x and
# checks that the unpacked tree is complete and runs with an empty environment: every plugin of
# the build is listed, and a DFX run (paper hardware, 16 output tokens to stay short) is recorded
# into a session file.
set -euo pipefail
build=$(cd "$1" && pwd)
version=$2
gui=$3
app_id=org.accelscope.AccelScope
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

# 1. The package, built into the temporary folder so the build tree is left as it is.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log" >&2; echo "FAIL: cpack -G DEB" >&2; exit 1; }
deb=$(ls "$tmp"/pkg/accelscope_"$version"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { ls -R "$tmp/pkg" >&2; echo "FAIL: no accelscope_${version}_*.deb was written" >&2; exit 1; }
pass "cpack wrote $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
for dep in libqt6core6 libsqlite3-0 libc6 libstdc++6; do
  [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep (dpkg-shlibdeps): $depends"
done
if [ "$gui" = gui ]; then
  for dep in libqt6widgets6 libqt6charts6 qt6-qpa-plugins; do
    [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
  done
fi
pass "Depends: $depends"

# 2. The unpacked tree.
root="$tmp/root"
dpkg -x "$deb" "$root"
usr="$root/usr"
expect_file() { [ -f "$usr/$1" ] || fail "the package lacks /usr/$1"; }
expect_file bin/accelscope-cli
expect_file lib/libaccelscope-core.so.0
[ ! -e "$usr/lib/libaccelscope-core.so" ] || fail "the package ships the development link libaccelscope-core.so"
build_plugins=$(cd "$build/lib/accelscope/plugins" && ls ./*.so | sort)
[ -n "$build_plugins" ] || fail "the build has no plugins in lib/accelscope/plugins"
for plugin in $build_plugins; do
  expect_file "lib/accelscope/plugins/${plugin#./}"
done
if [ "$gui" = gui ]; then
  expect_file bin/accelscope
  expect_file lib/libaccelscope-views.so.0
  expect_file "share/applications/$app_id.desktop"
  expect_file "share/metainfo/$app_id.metainfo.xml"
  expect_file "share/mime/packages/$app_id.xml"
  expect_file "share/icons/hicolor/scalable/apps/$app_id.svg"
  for size in 16 32 48 64 128 256; do
    png="share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    expect_file "$png"
    [ -f "$usr/$png" ] && ! head -c 8 "$usr/$png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' \
      && fail "$png is not a PNG"
  done
fi

# Every ELF file finds its libraries relative to itself: no absolute RUNPATH into the build.
while IFS= read -r elf; do
  runpath=$(readelf -d "$elf" | sed -n 's/.*\(RUNPATH\|RPATH\).*\[\(.*\)\]/\2/p')
  [ -n "$runpath" ] || fail "${elf#"$root"} has no RUNPATH"
  IFS=: read -ra parts <<<"$runpath"
  for part in "${parts[@]}"; do
    [[ "$part" == '$ORIGIN'* ]] || fail "${elf#"$root"} has RUNPATH entry '$part' outside \$ORIGIN"
  done
done < <(find "$usr/bin" "$usr/lib" -type f \( -perm -u+x -o -name '*.so*' \))
pass "RUNPATHs are relative to \$ORIGIN"

# 3. Run from the unpacked tree with an empty environment.
cli="$usr/bin/accelscope-cli"
env -i "$cli" plugins >"$tmp/plugins.txt" 2>"$tmp/plugins.err" || fail "accelscope-cli plugins failed: $(cat "$tmp/plugins.err")"
"$build/bin/accelscope-cli" plugins >"$tmp/plugins-build.txt" 2>/dev/null
if diff -u "$tmp/plugins-build.txt" "$tmp/plugins.txt"; then
  pass "the unpacked accelscope-cli lists the $(echo "$build_plugins" | wc -w) plugin(s) of the build"
else
  fail "the unpacked accelscope-cli lists other plugins than the build"
fi
[ ! -s "$tmp/plugins.err" ] || fail "accelscope-cli plugins warned: $(cat "$tmp/plugins.err")"
env -i "$cli" plugins --json >"$tmp/plugins.json"
tr -d ' \n' <"$tmp/plugins.json" | grep -q '"skipped":\[\]' || fail "plugins were skipped: $(cat "$tmp/plugins.json")"

session="$tmp/session.ascope"
if env -i "$cli" run dfx --preset paper --set output_tokens=16 --set functional_steps=1 --json --db "$session" >"$tmp/run.json" 2>"$tmp/run.err"; then
  tr -d ' \n' <"$tmp/run.json" | grep -q '"status":"complete"' \
    || fail "the DFX run did not complete: $(cat "$tmp/run.json")"
  # The shared-mime-info magic: the SQLite header, then application_id "ASCP" at byte 68.
  [ "$(head -c 15 "$session")" = "SQLite format 3" ] || fail "$session is not an SQLite file"
  [ "$(dd if="$session" bs=1 skip=68 count=4 2>/dev/null)" = "ASCP" ] || fail "$session lacks application_id ASCP"
  pass "accelscope-cli run dfx --preset paper recorded a session"
else
  fail "accelscope-cli run dfx --preset paper failed: $(cat "$tmp/run.err")"
fi

# 4. Desktop integration files.
if [ "$gui" = gui ]; then
  if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$usr/share/applications/$app_id.desktop" 2>&1) || fail "desktop-file-validate: $out"
    [ -z "$out" ] || fail "desktop-file-validate: $out"
    pass "desktop-file-validate"
  else
    echo "SKIP: desktop-file-validate not installed (package desktop-file-utils)"
  fi
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$usr/share/metainfo/$app_id.metainfo.xml" >"$tmp/as.log" 2>&1 \
      || fail "appstreamcli validate: $(cat "$tmp/as.log")"
    pass "appstreamcli validate"
  else
    echo "SKIP: appstreamcli not installed (package appstream)"
  fi
  grep -q "<release version=\"$version\"" "$usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "the metainfo has no <release version=\"$version\"> (the project version)"
  if command -v update-mime-database >/dev/null; then
    # The MIME package compiles, and maps the glob to the session type.
    mkdir -p "$tmp/mime/packages"
    cp "$usr/share/mime/packages/$app_id.xml" "$tmp/mime/packages/"
    update-mime-database "$tmp/mime" >"$tmp/mime.log" 2>&1 || fail "update-mime-database: $(cat "$tmp/mime.log")"
    grep -q 'application/x-accelscope-session:\*\.ascope' "$tmp/mime/globs" || fail "the MIME type has no *.ascope glob"
    grep -q 'application/x-accelscope-session' "$tmp/mime/magic" || fail "the MIME type has no magic"
    pass "update-mime-database"
  fi
  grep -q '^MimeType=application/x-accelscope-session;' "$usr/share/applications/$app_id.desktop" \
    || fail "the .desktop entry does not open application/x-accelscope-session"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "All package checks passed"
