"""Classroom sessions: teachers open them with a join code; students join, answer, see why."""
