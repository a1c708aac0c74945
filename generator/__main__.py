"""`python -m generator` runs the command line."""

if __name__ == "__main__":  # not when a spawned worker process imports this module
    import sys

    try:
        from .cli import run
    except KeyboardInterrupt:  # Ctrl-C while the command line is being imported
        print("interrupted before anything was done", file=sys.stderr)
        sys.exit(130)
    run()
