"""Status changes from the order page and the order list, through commerce.order.workflow,
and the order list's bulk download of packing slips (commerce/invoicing)."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from oscar.apps.dashboard.orders import views

from commerce.invoicing.documents import packing_slips_pdf
from commerce.invoicing.views import pdf_response
from commerce.order.workflow import TransitionRefused, change_status
from commerce.partner.stock import StockCountTooLow


class OrderDetailView(views.OrderDetailView):
    def change_order_status(self, request, order):
        form = self.get_order_status_form()
        if not form.is_valid():
            return self._refused(order, " ".join(e for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        old_status = order.status
        try:
            order, changed = change_status(order, data["new_status"], by=request.user,
                                           carrier=data.get("carrier", ""),
                                           tracking_number=data.get("tracking_number", ""))
        except TransitionRefused as exc:
            return self._refused(order, str(exc))
        if changed:
            messages.success(request, f"Order {order.number} changed from {old_status} to {order.status}.")
        else:
            messages.info(request, f"Order {order.number} is already {order.status}; nothing changed.")
        return self.reload_page()

    def change_line_statuses(self, request, order, lines, quantities):
        """Oscar's line status form; a line shipped with fewer units on record than it holds is
        refused with the figures (a 400) and nothing changes, instead of a server error."""
        try:
            with transaction.atomic():
                return super().change_line_statuses(request, order, lines, quantities)
        except StockCountTooLow as exc:
            return self._refused(order, f"Nothing was changed: {exc}. Recount the stock, then try again.")

    def _refused(self, order, message):
        """Show the order again with the reason, as a 400: nothing was changed."""
        messages.error(self.request, message)
        self.object = order
        response = self.render_to_response(self.get_context_data(object=order))
        response.status_code = 400
        return response


class OrderListView(views.OrderListView):
    actions = (*views.OrderListView.actions, "download_packing_slips")
    MAX_PACKING_SLIPS = 300  # one request draws them all: a larger batch is asked for in parts

    def download_packing_slips(self, request, orders):
        """One PDF with a page per selected order, oldest first, as the warehouse packs them."""
        orders = list(orders.order_by("date_placed", "pk")[:self.MAX_PACKING_SLIPS + 1])
        if len(orders) > self.MAX_PACKING_SLIPS:
            messages.error(request, f"Choose at most {self.MAX_PACKING_SLIPS} orders for one packing-slip PDF.")
            return redirect("dashboard:order-list")
        return pdf_response(packing_slips_pdf(orders), "packing-slips.pdf")

    def change_order_statuses(self, request, orders):
        new_status = request.POST.get("new_status", "").strip()
        if not new_status:
            messages.error(request, "Choose the new status for the selected orders.")
            return redirect("dashboard:order-list")
        if new_status == "Shipped":
            messages.error(request, "Each shipped order needs its own carrier and tracking number: "
                                    "mark orders Shipped one at a time from the order page.")
            return redirect("dashboard:order-list")
        changed, refused = [], []
        for order in orders:
            try:
                order, done = change_status(order, new_status, by=request.user)
            except TransitionRefused as exc:
                refused.append(str(exc))
            else:
                if done:
                    changed.append(order.number)
        if changed:
            messages.success(request, f"Changed to {new_status}: {', '.join(changed)}.")
        for reason in refused:
            messages.error(request, reason)
        return redirect("dashboard:order-list")
