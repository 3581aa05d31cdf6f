"""Training's entry in the navigation bar (`parentpartner.navigation`)."""

from parentpartner.navigation import NavItem

NAVIGATION = [NavItem("Training", "training:overview", "training.view", order=40)]
