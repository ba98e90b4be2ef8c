"""Oscar's orders dashboard, forked: status changes go through commerce.order.workflow.

Single and bulk changes ask for carrier and tracking number when an order ships, show
refused transitions with the reason, and the order page shows the timeline with who made
each change.
"""
