from negosim.cli import main

main()
