"""Invoices, credit notes and packing slips: the shop's paperwork, as PDF.

An order is invoiced once, when it is paid (commerce/order/emails.order_paid), under a
number of its own ("INV-2026-000001") that says nothing about the order number; each
refund asked for through the payment ledger gets a credit note against that invoice
("CN-2026-000001"). Numbers come from one locked counter row per series and year
(numbering.py), so they are gap-free even with many workers. The PDFs are drawn from the
order as stored whenever they are asked for (documents.py); only the numbers and dates
are kept.
"""
