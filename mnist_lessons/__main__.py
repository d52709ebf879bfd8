"""``python -m mnist_lessons``: the same as the ``mnist-lessons`` command (see ``mnist_lessons.cli``)."""

from .cli import main

raise SystemExit(main())
