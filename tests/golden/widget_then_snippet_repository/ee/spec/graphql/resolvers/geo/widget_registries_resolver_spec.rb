# frozen_string_literal: true

require 'spec_helper'

describe Resolvers::Geo::WidgetRegistriesResolver do
  it_behaves_like 'a Geo registries resolver', :widget_registry
end
