#!/usr/bin/env bash
# The system programs the test suite drives: a Chromium (browser tests, through
# Playwright's executable_path: found by tests/chromium.py, never downloaded), poppler-utils
# (reads printed PDFs), rsync (publish test), a Java runtime (vnu), git, npm (vnu-jar),
# ffmpeg and lame (the audio tests encode their own MP3 and M4A files and read them with ffprobe).
# Where apt-get exists (Debian, Ubuntu: CI) the missing ones are installed; elsewhere
# the script names them and how to get them, and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_names=()
others=()
python3 tests/chromium.py >/dev/null 2>&1 || { apt_names+=(chromium); others+=("a Chromium or Google Chrome (or set STEPWISE_CHROMIUM)"); }
command -v pdftotext >/dev/null || { apt_names+=(poppler-utils); others+=("poppler (pdftotext)"); }
command -v rsync >/dev/null || { apt_names+=(rsync); others+=(rsync); }
command -v java >/dev/null || { apt_names+=(default-jre-headless); others+=("a Java runtime, 11 or newer"); }
command -v git >/dev/null || { apt_names+=(git); others+=(git); }
command -v npm >/dev/null || { apt_names+=(npm); others+=("Node.js with npm"); }
command -v ffprobe >/dev/null || { apt_names+=(ffmpeg); others+=("ffmpeg (with ffprobe)"); }
command -v lame >/dev/null || { apt_names+=(lame); others+=(lame); }
[ ${#apt_names[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "The tests need programs this machine does not have, and there is no apt-get here." >&2
  echo "Install them with your package manager, then run make test again:" >&2
  for name in "${others[@]}"; do echo "  - $name" >&2; done
  echo "(macOS with Homebrew: brew install poppler rsync openjdk node ffmpeg lame; brew install --cask chromium)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${apt_names[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_names[@]}" >/dev/null
