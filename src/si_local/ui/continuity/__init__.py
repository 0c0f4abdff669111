"""The Continuity area of the window: :mod:`.page` builds the page, one module per tab,
:mod:`.models` its table models, :mod:`.dialogs` its form dialog."""
