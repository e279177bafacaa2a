# frozen_string_literal: true

require 'spec_helper'

{{ c.describe }} Geo::{{ n.replicator_class }} do
  let(:model_record) { build(:{{ n.name }}) }

  {{ c.examples }} 'a blob replicator'
{%- if c.verifiable_registry %}
  {{ c.examples }} 'a verifiable replicator'
{%- endif %}
end
