"""The HTTP API (/api/v1) and the OpenAI-compatible chat endpoint (/v1), served by the web app's process."""
