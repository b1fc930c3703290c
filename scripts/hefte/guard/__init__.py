"""Guard: the consent policy and the plan it makes, the checks before a build and the leak scan after it."""
