from keyact.cli import main

main()
