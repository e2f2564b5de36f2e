"""Where the time goes: each review's stage dates, their durations, summaries and breaches of the targets."""
