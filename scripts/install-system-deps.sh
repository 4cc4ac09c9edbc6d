#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: chromium (browser tests via
# Playwright's executable_path; Playwright may not download its own browser here),
# poppler-utils (reads printed PDFs), rsync (publish test), a Java runtime (vnu),
# ffmpeg and lame (the audio tests encode their own MP3 and M4A files and decode them with ffprobe).
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v rsync >/dev/null || need+=(rsync)
command -v java >/dev/null || need+=(default-jre-headless)
command -v git >/dev/null || need+=(git)
command -v ffprobe >/dev/null || need+=(ffmpeg)
command -v lame >/dev/null || need+=(lame)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
