from oscar.apps.communication.models import * 
