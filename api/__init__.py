"""The documented API (issue 20 item 2): read endpoints for reporting and integration, the imports of applications
and staff through the existing import services, and personal API tokens. Reads every phase, like the dashboard."""
