"""The Training area of the window: :mod:`.page` builds the page from one mixin per tab,
:mod:`.models` its table models, :mod:`.dialogs` its dialogs."""
