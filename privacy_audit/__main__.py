from privacy_audit.cli import main

# Guarded: where worker processes are spawned (macOS, Windows), each re-imports this module.
if __name__ == "__main__":
    main()
