"""Views, one module per area: they turn HTTP into service calls and back."""
