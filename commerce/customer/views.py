"""Oscar's account views; a changed email address is reported to both addresses."""
from oscar.apps.customer import views
from oscar.apps.customer.utils import get_password_reset_url
from oscar.core.loading import get_class

CustomerDispatcher = get_class("customer.utils", "CustomerDispatcher")


class ProfileUpdateView(views.ProfileUpdateView):
    def send_email_changed_email(self, old_user, new_email):
        """Warn the old address (it may be the real owner's) and tell the new one, which is now the login."""
        context = {"user": self.request.user, "reset_url": get_password_reset_url(self.request.user),
                   "old_email": old_user.email, "new_email": new_email, "request": self.request}
        dispatcher = CustomerDispatcher()
        dispatcher.send_email_changed_email_for_user(old_user, context)
        messages = dispatcher.dispatcher.get_messages(dispatcher.EMAIL_CHANGED_EVENT_CODE, context)
        dispatcher.dispatcher.dispatch_direct_messages(new_email, messages)
