"""Build the site and write down every output claim (stepwise_core.outputs): used by test_outputs.py.

`python tests/stepwise/claims_probe.py CLAIMS.json [build arguments]`
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from pelican import signals  # noqa: E402

from stepwise_core import outputs  # noqa: E402
from stepwise_tools import build  # noqa: E402


def main() -> int:
    target, argv = Path(sys.argv[1]), sys.argv[2:]

    def record(generators: list[Any]) -> None:
        claims = [asdict(claim) for claim in outputs.all_claims(generators)]
        target.write_text(json.dumps(claims, indent=1), encoding="utf-8")

    signals.all_generators_finalized.connect(record)
    return build.main(argv)


if __name__ == "__main__":
    sys.exit(main())
