"""The platform's staff: their sign-in and their just-in-time access requests."""
