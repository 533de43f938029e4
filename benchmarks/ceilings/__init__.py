"""The two ceilings the API create benchmark compares keyact with: bare Django and raw WSGI."""
