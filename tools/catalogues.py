"""Keep the translation catalogues: ``python tools/catalogues.py update`` brings every
language's .po files up to date with the messages in the code and templates; ``check``
lists what is untranslated or wrong and exits 1 if anything is (docs/languages.md)."""

from __future__ import annotations

import sys

from cxmodel.messages.maintain import problems, update


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update(frozenset(argv[1:]) or None)
        return 0
    if argv == ["check"]:
        found = list(problems())
        for line in found:
            print(line)
        print(f"{len(found)} problems")
        return 1 if found else 0
    print("usage: python tools/catalogues.py update [AREA...]|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
