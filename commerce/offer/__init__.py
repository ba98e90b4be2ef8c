default_app_config = 'commerce.offer.apps.OfferConfig'
