// local/seed.py's demo tenant: its admin and the year its sample data covers.
export const DEMO_EMAIL = "admin@demo.footprint.example";
export const DEMO_PASSWORD = "local demo password, not for real use";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const DEMO_YEAR = 2025;
