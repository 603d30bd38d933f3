"""gunicorn settings for SourceSense, used by `make run`, the tests and the benchmarks."""

from quiz.web.serving import close_read_side_when_done, freeze_startup_objects

worker_class = "sync"
post_worker_init = freeze_startup_objects
post_request = close_read_side_when_done
