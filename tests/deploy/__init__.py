"""How Factdesk is deployed: containers, configuration, lock files, email and error reporting."""
