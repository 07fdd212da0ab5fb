"""One module per `layerlab` subcommand; see engine/cli.py."""
