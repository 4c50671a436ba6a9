"""One typed client per contract: cheap checks before sending, decoded events and exceptions after."""
