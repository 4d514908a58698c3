"""The Uploads function group: the /v1/uploads API (``app``) and the arrival of presigned
uploads (``arrival``), which starts their calculation."""
