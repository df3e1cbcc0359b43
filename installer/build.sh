#!/usr/bin/env bash
# Builds Paydesk's native package: a Java runtime trimmed by jlink plus the fat jar, wrapped by
# jpackage. A workstation that installs the result needs no JDK, Maven or terminal.
#
#   installer/build.sh                 app image, and a .deb too on Debian/Ubuntu
#   installer/build.sh app-image       only the app image (any platform)
#   installer/build.sh deb             Debian/Ubuntu package (needs dpkg-deb and fakeroot)
#   installer/build.sh rpm             Fedora/RHEL package (needs rpmbuild)
#   installer/build.sh msi | exe       Windows installer (run on Windows with WiX 3 on the PATH)
#   installer/build.sh dmg | pkg       macOS disk image / installer (run on macOS, Xcode tools)
#
# Options: --skip-build (use the existing target/paydesk.jar instead of running Maven),
#          --dest DIR (where the results go; default target/installer).
# PAYDESK_MAINTAINER: the e-mail address in the .deb's Maintainer field, shown as
#          "Paydesk <address>" (default paydesk@localhost: set it to the team that supports the package).
# Needs a JDK 17 (jdeps, jlink, jpackage) from JAVA_HOME or the PATH; the Maven wrapper fetches
# Maven itself. Everything it makes lands under target/installer/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/installer"
DEST="$ROOT/target/installer"
SKIP_BUILD=false
TYPES=()

die() {
    echo "installer/build.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --skip-build) SKIP_BUILD=true ;;
        --dest) shift; [ $# -gt 0 ] || die "--dest needs a folder"; DEST="$(mkdir -p "$1" && cd "$1" && pwd)" ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        app-image|deb|rpm|msi|exe|dmg|pkg) TYPES+=("$1") ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done

case "$(uname -s)" in
    Linux*) OS=linux ;;
    Darwin*) OS=mac ;;
    MINGW*|MSYS*|CYGWIN*) OS=windows ;;
    *) die "unsupported system $(uname -s)" ;;
esac

if [ ${#TYPES[@]} -eq 0 ]; then
    TYPES=(app-image)
    if [ "$OS" = linux ] && command -v dpkg-deb >/dev/null; then
        TYPES+=(deb)
    fi
fi

# ---------------------------------------------------------------- tools
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
    JDK_BIN="$JAVA_HOME/bin"
else
    JPACKAGE_ON_PATH="$(command -v jpackage || true)"
    [ -n "$JPACKAGE_ON_PATH" ] || die "jpackage not found: install a full JDK 17 (Debian: apt-get install openjdk-17-jdk) or set JAVA_HOME"
    JDK_BIN="$(dirname "$(readlink -f "$JPACKAGE_ON_PATH")")"
fi
for tool in jdeps jlink jpackage jar; do
    [ -x "$JDK_BIN/$tool" ] || die "$JDK_BIN/$tool is missing: a full JDK 17 is needed, not a JRE"
done
JDK_VERSION="$("$JDK_BIN/jlink" --version)"
case "$JDK_VERSION" in
    17*|18*|19*|2*) ;;
    *) die "JDK $JDK_VERSION is too old: jpackage needs 17 or later" ;;
esac

# Debian wants "Name <address>" in Maintainer; jpackage writes "<vendor> <address>" from the address.
MAINTAINER="${PAYDESK_MAINTAINER:-paydesk@localhost}"
if ! [[ "$MAINTAINER" =~ ^[^[:space:]\<\>@]+@[^[:space:]\<\>@]+$ ]]; then
    die "PAYDESK_MAINTAINER must be an e-mail address alone, such as it-desk@paydesk.example (it is '$MAINTAINER')"
fi

for type in "${TYPES[@]}"; do
    case "$type" in
        deb)
            [ "$OS" = linux ] || die ".deb packages are built on Linux"
            missing=()
            command -v dpkg-deb >/dev/null || missing+=(dpkg-deb)
            command -v fakeroot >/dev/null || missing+=(fakeroot)
            if [ ${#missing[@]} -gt 0 ]; then
                die "a .deb needs ${missing[*]}: install with 'sudo apt-get install -y fakeroot dpkg' (or build only the app image: installer/build.sh app-image)"
            fi ;;
        rpm)
            [ "$OS" = linux ] || die ".rpm packages are built on Linux"
            command -v rpmbuild >/dev/null || die "an .rpm needs rpmbuild: install the rpm-build package" ;;
        msi|exe)
            [ "$OS" = windows ] || die ".$type installers are built on Windows (jpackage cannot cross-build)"
            command -v candle >/dev/null && command -v light >/dev/null \
                || die "a .$type needs WiX Toolset 3 (candle.exe and light.exe on the PATH)" ;;
        dmg|pkg)
            [ "$OS" = mac ] || die ".$type packages are built on macOS (jpackage cannot cross-build)" ;;
    esac
done

# ---------------------------------------------------------------- the jar
if [ "$SKIP_BUILD" = false ]; then
    echo "==> Maven build (tests skipped; run ./mvnw -B verify for them)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
JAR="$ROOT/target/paydesk.jar"
[ -f "$JAR" ] || die "$JAR is missing: run without --skip-build"

WORK="$DEST/work"
rm -rf "$WORK"
mkdir -p "$WORK/manifest" "$WORK/input"

# The version is the pom's, as the shaded jar's manifest records it (Implementation-Version).
(cd "$WORK/manifest" && "$JDK_BIN/jar" xf "$JAR" META-INF/MANIFEST.MF)
VERSION="$(sed -n 's/^Implementation-Version: *//p' "$WORK/manifest/META-INF/MANIFEST.MF" | tr -d '\r')"
[ -n "$VERSION" ] || die "no Implementation-Version in $JAR's manifest"
# jpackage wants plain numbers: 0.1.0-SNAPSHOT becomes 0.1.0.
APP_VERSION="${VERSION%%-*}"
echo "==> Paydesk $VERSION (package version $APP_VERSION)"

# ---------------------------------------------------------------- the runtime
# jdeps names the JDK modules the jar's classes use. JavaFX is not among them: its jars from
# Maven Central sit inside paydesk.jar and run from the class path, so only JDK modules are linked.
# A few modules are found only at run time (service providers, locale data) and are added by name:
#   jdk.crypto.ec    TLS to a PostgreSQL server with elliptic-curve ciphers (sslmode=require)
#   jdk.localedata   currency and number formats of locales other than English
#   jdk.charsets     character sets beyond the standard ones (files in legacy encodings)
#   jdk.zipfs        zip file systems (used by libraries that read resources from jars)
#   jdk.net, jdk.naming.dns   socket options and DNS lookups some JDBC setups use
#   jdk.security.auth  the embedded PostgreSQL asks for the user id through it (reflection), to run
#                    initdb in a user namespace when started as root; without it that start fails
echo "==> jdeps: the JDK modules paydesk.jar needs"
DETECTED="$("$JDK_BIN/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$JAR" | tail -1)"
case "$DETECTED" in
    java.base*) ;;
    *) die "jdeps did not print a module list: $DETECTED" ;;
esac
EXTRA="jdk.crypto.ec,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.net,jdk.naming.dns,jdk.security.auth"
MODULES="$DETECTED,$EXTRA"
echo "    $MODULES"

echo "==> jlink: runtime"
"$JDK_BIN/jlink" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --include-locales=en,de,fr,es,it,nl,pt,pl,sv,da,nb,fi,ja,zh \
    --output "$WORK/runtime"

cp "$JAR" "$WORK/input/"
cp "$HERE/LICENSE.txt" "$WORK/input/"

# ---------------------------------------------------------------- jpackage
DESCRIPTION="Staff back office of a recurring-tips platform: accounts, payment queue, refunds and the weekly payday"
VENDOR="Paydesk"
# Heap: the payday of 1,000,000 participants peaks near 100 MB (README, Performance); 1 GB leaves room
# for the desktop client's tables. The data folder is the user's own (README): it is not fixed here so
# that every user of a shared workstation keeps a separate one; PAYDESK_DATA_DIR or the settings file
# move it.
JAVA_OPTIONS=(-Xms64m -Xmx1g -XX:+UseG1GC -Dfile.encoding=UTF-8 -Dpaydesk.packaged=true)

case "$OS" in
    linux) NAME=paydesk; ICON="$HERE/icons/paydesk.png" ;;
    mac) NAME=Paydesk; ICON="$HERE/icons/paydesk.icns" ;;
    windows) NAME=Paydesk; ICON="$HERE/icons/paydesk.ico" ;;
esac

COMMON=(--name "$NAME" --app-version "$APP_VERSION" --vendor "$VENDOR" --description "$DESCRIPTION"
    --copyright "Copyright 2026 Paydesk. All rights reserved.")

IMAGE_ARGS=(--type app-image "${COMMON[@]}" --icon "$ICON"
    --input "$WORK/input" --main-jar paydesk.jar --main-class org.paydesk.app.Main
    --runtime-image "$WORK/runtime" --dest "$DEST/image")
for option in "${JAVA_OPTIONS[@]}"; do
    IMAGE_ARGS+=(--java-options "$option")
done
case "$OS" in
    mac)
        # macOS refuses a version whose first number is 0; the bundle id names the app in the Keychain.
        case "$APP_VERSION" in 0.*) die "macOS needs a version of 1.0 or later (the pom says $VERSION)";; esac
        IMAGE_ARGS+=(--mac-package-identifier org.paydesk.app --mac-package-name Paydesk) ;;
    windows)
        # Paydesk.exe is a GUI program without a console window; paydeskc.exe is the same program
        # with a console, for the command line and the Task Scheduler (paydeskc check).
        IMAGE_ARGS+=(--add-launcher "paydeskc=$HERE/windows/paydeskc.properties") ;;
esac

echo "==> jpackage: app image"
rm -rf "$DEST/image"
"$JDK_BIN/jpackage" "${IMAGE_ARGS[@]}"
case "$OS" in
    mac) IMAGE="$DEST/image/Paydesk.app" ;;
    *) IMAGE="$DEST/image/$NAME" ;;
esac
echo "    $IMAGE ($(du -sh "$IMAGE" | cut -f1))"

PACKAGE_ARGS=("${COMMON[@]}" --app-image "$IMAGE" --icon "$ICON" --license-file "$HERE/LICENSE.txt" --dest "$DEST")
for type in "${TYPES[@]}"; do
    case "$type" in
        app-image) continue ;;
        deb|rpm)
            # /opt/paydesk, a menu entry under Office (/usr/share/applications/paydesk.desktop), the
            # launcher on the PATH as /usr/bin/paydesk (installer/linux/postinst and prerm). GTK 3 is
            # what JavaFX's window toolkit loads on Linux; jpackage adds the packages of the libraries
            # its own launcher links to, and xdg-utils.
            # The menu entry's Categories come from --linux-menu-group; the package's own category is
            # the Debian section "misc" (Debian has no "office" section) or the RPM group Applications/Office.
            TYPE_ARGS=(--type "$type" --install-dir /opt --resource-dir "$HERE/linux"
                --linux-package-name paydesk --linux-menu-group "Office;Finance;" --linux-shortcut)
            if [ "$type" = deb ]; then
                TYPE_ARGS+=(--linux-package-deps libgtk-3-0 --linux-deb-maintainer "$MAINTAINER"
                    --linux-app-category misc)
            else
                TYPE_ARGS+=(--linux-package-deps gtk3 --linux-rpm-license-type Proprietary
                    --linux-app-category Applications/Office)
            fi ;;
        msi|exe)
            # A fixed upgrade code lets a newer .msi replace an older one.
            TYPE_ARGS=(--type "$type" --win-menu --win-menu-group Paydesk --win-shortcut --win-dir-chooser
                --win-upgrade-uuid 6f1d2a0e-5b7c-4c1e-9a3d-2b8e7f40c911) ;;
        dmg|pkg)
            TYPE_ARGS=(--type "$type" --mac-package-identifier org.paydesk.app --mac-package-name Paydesk) ;;
    esac
    echo "==> jpackage: $type"
    "$JDK_BIN/jpackage" "${PACKAGE_ARGS[@]}" "${TYPE_ARGS[@]}"
done

rm -rf "$WORK"
echo "==> Done. In $DEST:"
(cd "$DEST" && ls -1sh --ignore=image . && echo "image/ $(du -sh image | cut -f1)")
