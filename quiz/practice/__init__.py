"""Self-study: practice runs, answers, feedback, the review queue and progress."""
