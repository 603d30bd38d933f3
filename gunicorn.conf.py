"""gunicorn settings for SourceSense, used by `make run`, the tests and the benchmarks."""

from quiz.serving import close_read_side_when_done

worker_class = "sync"
post_request = close_read_side_when_done
