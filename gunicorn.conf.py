"""gunicorn settings for SourceSense, used by `make run`, systemd (deploy/), the tests and the
benchmarks. Bind address and worker count come from the command line (or WEB_CONCURRENCY)."""

from quiz.web.serving import (
    close_read_side_when_done,
    forget_dead_worker,
    freeze_startup_objects,
    prepare_metrics_folder,
    remove_own_metrics_folder,
)

worker_class = "sync"
# gunicorn 27's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): a second
# app server on the machine (systemd instances, the local cluster, the tests) cannot bind it
# and logs an error. Nothing here uses it.
control_socket_disable = True
on_starting = prepare_metrics_folder
post_worker_init = freeze_startup_objects
post_request = close_read_side_when_done
child_exit = forget_dead_worker
on_exit = remove_own_metrics_folder
