"""Fixed Dutch phrases shared by prompts, code, tests and evaluation."""

# The one refusal phrase. Prompts receive it as {refusal}; tests and eval compare against it.
REFUSAL = "Dat heb ik niet gevonden in de documenten."
