from privacy_audit.cli import main

main()
