"""Settings per environment: base holds what they share, and every deployment value
comes from the environment (see README, "Configuration")."""
