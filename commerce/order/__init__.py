"""Oscar's order app, forked for the after-sale workflow.

Each status change records who made it (OrderStatusChange.changed_by), and a shipped order
carries its carrier and tracking number; `workflow.change_status` is the one way staff move
an order along the pipeline in settings.OSCAR_ORDER_STATUS_PIPELINE, and `emails.order_paid`
is what its payment does to it (the paid-order path is written down in emails.py).
"""
