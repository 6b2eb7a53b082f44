"""Test helpers that look into the real broker (no stubs): for any app's tests."""

from core.queueing import celery_app


def purge_queue() -> None:
    """Drop waiting tasks, e.g. ones earlier tests left for rows that are gone."""
    celery_app().control.purge()


def queued_messages() -> int:
    """How many messages wait in the default Celery queue of the real broker."""
    with celery_app().connection_for_write() as connection:
        return connection.default_channel.queue_declare(queue="celery").message_count


def drain_queued_tasks() -> list[tuple[str, list]]:
    """Take every waiting task off the real broker: (task name, positional args)."""
    tasks = []
    with celery_app().connection_for_write() as connection:
        queue = connection.SimpleQueue("celery")
        try:
            while True:
                try:
                    message = queue.get(block=True, timeout=0.5)
                except queue.Empty:
                    return tasks
                args, _kwargs, _embed = message.decode()
                tasks.append((message.headers["task"], args))
                message.ack()
        finally:
            queue.close()
