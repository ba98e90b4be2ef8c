"""Security: login lockout, abuse limits, Content Security Policy, log scrubbing, upload
checks, and the rules behind the customer's data rights: the registry of what holds personal
data (personal_data.py) and the erasure and export it drives. The account pages that offer
them are the customer app's (commerce/customer/views.py). See README "Security"."""
