from beleid.cli import main

main()
