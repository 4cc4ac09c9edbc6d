"""Production settings: the real address, absolute links, a clean output folder."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True  # plain `pelican -s publishconf.py` too (the runner swaps a fresh folder in)
