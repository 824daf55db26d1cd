"""growthsim's top layer: the Panel web app and the `growthsim` command line that spans all layers."""
