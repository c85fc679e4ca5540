"""Official documents (Decree 30/2020): incoming documents now; outgoing ones later."""
