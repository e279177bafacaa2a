{%- if generator %}
    association(:{{ n.name }}, factory: :{{ f.model_factory }})
{%- else if f.model_factory == n.name %}
    {{ n.name }}
{%- else %}
    {{ n.name }} factory: :{{ f.model_factory }}
{%- endif %}
