# frozen_string_literal: true

require 'spec_helper'

{{ c.describe }} Resolvers::Geo::{{ n.registries_class }}Resolver do
  it_behaves_like 'a Geo registries resolver', :{{ c.registry_factory }}
end
